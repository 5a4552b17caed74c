// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Unpause_Unit_Test is RouterTest {
    function test_RevertWhen_CallerNotPauser() external {
        _pause();
        address[2] memory callers = [stranger, admin];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], pauserRole
                )
            );
            vm.prank(callers[i]);
            router.unpause();
        }
    }

    modifier whenCallerIsPauser() {
        _;
    }

    function test_RevertGiven_NotPaused() external whenCallerIsPauser {
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(pauser);
        router.unpause();
    }

    modifier givenPaused() {
        _;
    }

    function test_GivenPaused() external whenCallerIsPauser givenPaused {
        _pause();
        vm.expectEmit(address(router));
        emit Pausable.Unpaused(pauser);
        vm.prank(pauser);
        router.unpause();
        assertFalse(router.paused(), "paused");

        _createJob(ROOT, GPUS, HOURS);
        Job.ExternalTerms memory e = _externalTerms(OTHER_ROOT, true);
        bytes memory sig = _signExternal(e);
        vm.prank(client);
        router.recordExternalJob(e, sig);
        _assertStatus(ROOT, Job.Status.Funded);
        _assertStatus(OTHER_ROOT, Job.Status.Recorded);
    }
}
