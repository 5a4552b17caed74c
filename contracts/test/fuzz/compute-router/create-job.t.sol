// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IComputeRouter} from "../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {Listing} from "../../../src/types/Listing.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract CreateJob_Fuzz_Test is RouterTest {
    struct Case {
        Listing.PricingModel model;
        address token;
        uint96 price;
        uint16 slopeBps;
        uint16 gpuCount;
        uint16 preReserved;
        uint16 gpus;
        uint24 hoursBooked;
    }

    function _listing(Case memory c) internal returns (uint32 listingId) {
        listingId = _addListing(provider, c.model, c.token, c.price, c.slopeBps, c.gpuCount);
        if (c.preReserved != 0) {
            // Another buyer takes part of the listing first, raising a Dynamic price.
            deal(c.token, client, type(uint96).max);
            vm.prank(client);
            IERC20(c.token).approve(address(router), type(uint256).max);
            _submit(_terms(OTHER_ROOT, listingId, c.preReserved, c.hoursBooked));
        }
    }

    /// @dev The registry's pricing rule, restated: floor + floor × slope × utilization, rounded down.
    function _expectedUnitPrice(Case memory c) internal pure returns (uint256 unit) {
        unit = c.price;
        if (c.model == Listing.PricingModel.Dynamic && c.preReserved != 0) {
            uint256 utilizationBps = uint256(c.preReserved) * 10_000 / c.gpuCount;
            unit += unit * c.slopeBps * utilizationBps / 1e8;
        }
    }

    function testFuzz_CreateJob_PullsExactQuote(
        uint8 modelSeed,
        uint96 price,
        uint16 slopeBps,
        uint16 gpuCount,
        uint16 preReserved,
        uint16 gpus,
        uint24 hoursBooked,
        bool tracked
    ) external {
        Case memory c;
        c.model = Listing.PricingModel(_bound(modelSeed, 0, 2));
        c.token = c.model == Listing.PricingModel.Token ? address(akt) : address(usdc);
        c.price = uint96(_bound(price, 1, 1e18));
        c.slopeBps = c.model == Listing.PricingModel.Dynamic
            ? uint16(_bound(slopeBps, 0, registry.MAX_SLOPE_BPS()))
            : 0;
        c.gpuCount = uint16(_bound(gpuCount, 1, 1024));
        c.preReserved = uint16(_bound(preReserved, 0, c.gpuCount - 1));
        c.gpus = uint16(_bound(gpus, 1, c.gpuCount - c.preReserved));
        c.hoursBooked = uint24(_bound(hoursBooked, 1, 1000));
        uint32 listingId = _listing(c);

        uint256 unit = _expectedUnitPrice(c);
        uint256 amount = unit * c.gpus * c.hoursBooked;
        (address token, uint96 quotedUnit, uint96 quote) = registry.quote(listingId, c.gpus, c.hoursBooked);
        assertEq(token, c.token, "token");
        assertEq(quotedUnit, unit, "unit price");
        assertEq(quote, amount, "quote");

        // The client holds and approves exactly the quote: one unit less would fail the pull.
        deal(c.token, client, amount);
        vm.prank(client);
        IERC20(c.token).approve(address(router), amount);
        uint256 routerBefore = IERC20(c.token).balanceOf(address(router));
        Job.Terms memory t = _termsOn(listingId, ROOT, c.gpus, c.hoursBooked, tracked);
        t.maxUnitPrice = quotedUnit;
        bytes memory sig = _sign(t);

        vm.expectEmit(address(router));
        emit IComputeRouter.EscrowFunded(
            ROOT, c.token, quotedUnit, quote, c.gpus, c.hoursBooked, uint40(block.timestamp) + startWindow
        );
        vm.prank(client);
        router.createJob(t, sig);

        assertEq(IERC20(c.token).balanceOf(client), 0, "client balance");
        assertEq(IERC20(c.token).allowance(client, address(router)), 0, "allowance");
        assertEq(IERC20(c.token).balanceOf(address(router)), routerBefore + amount, "router balance");
        assertEq(router.getJob(ROOT).amount, amount, "record.amount");
        assertEq(_reserved(listingId), c.preReserved + c.gpus, "reserved");
    }

    function testFuzz_CreateJob_RevertWhen_PriceAboveAttested(uint96 maxUnitPrice, uint16 preReserved)
        external
    {
        uint32 listingId =
            _addListing(provider, Listing.PricingModel.Dynamic, address(usdc), PRICE, 20_000, 100);
        preReserved = uint16(_bound(preReserved, 1, 90));
        _submit(_terms(OTHER_ROOT, listingId, preReserved, HOURS));
        (, uint96 unitPrice,) = registry.quote(listingId, GPUS, HOURS);
        maxUnitPrice = uint96(_bound(maxUnitPrice, 0, unitPrice - 1));
        Job.Terms memory t = _terms(ROOT, listingId, GPUS, HOURS);
        t.maxUnitPrice = maxUnitPrice;
        bytes memory sig = _sign(t);

        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_PriceAboveAttested.selector, unitPrice, maxUnitPrice)
        );
        vm.prank(client);
        router.createJob(t, sig);
        assertEq(_reserved(listingId), preReserved, "reserved");
    }

    function testFuzz_CreateJob_RevertGiven_JobExists(uint16 gpus, uint24 hoursBooked) external {
        _createJob(ROOT, GPUS, HOURS);
        Job.Terms memory t =
            _terms(ROOT, fixedListing, uint16(_bound(gpus, 1, 6)), uint24(_bound(hoursBooked, 1, 1000)));
        bytes memory sig = _sign(t);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobExists.selector, ROOT));
        vm.prank(client);
        router.createJob(t, sig);
    }

    function testFuzz_CreateJob_RevertWhen_AttestationExpired(uint256 warpBy) external {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        vm.warp(block.timestamp + _bound(warpBy, 0, 365 days));
        if (block.timestamp > t.expiry) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    Errors.ComputeRouter_AttestationExpired.selector, t.expiry, block.timestamp
                )
            );
        }
        vm.prank(client);
        router.createJob(t, sig);
    }
}
