// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract AttestationDigest_Unit_Test is RouterTest {
    /// @dev Every field away from its default, so a misplaced field cannot hide behind a zero.
    function _fullTerms() internal view returns (Job.Terms memory t) {
        t = _untrackedTerms(ROOT, fixedListing, GPUS, HOURS);
        t.maxUnitPrice = PRICE;
        t.team = 7;
    }

    function test_AttestationDigest() external view {
        assertEq(router.ATTESTATION_TYPEHASH(), ATTESTATION_TYPEHASH, "typehash");
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            router.eip712Domain();
        assertEq(name, "Necto ComputeRouter", "name");
        assertEq(version, "1", "version");
        assertEq(chainId, block.chainid, "chainId");
        assertEq(verifyingContract, address(router), "verifyingContract");

        Job.Terms memory t = _fullTerms();
        assertEq(router.attestationDigest(t), _offChainDigest(t), "digest");
        t = _terms(ROOT, fixedListing, GPUS, HOURS);
        assertEq(router.attestationDigest(t), _offChainDigest(t), "digest, tracked");
    }

    function test_AttestationDigest_SignedByRouterKey() external {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _signWith(routerKey, _offChainDigest(t));
        vm.prank(client);
        router.createJob(t, sig);
        _assertStatus(ROOT, Job.Status.Funded);
    }

    function test_WhenAnyFieldChanges() external view {
        Job.Terms memory t = _fullTerms();
        bytes32 digest = router.attestationDigest(t);
        Job.Terms[10] memory changed;
        for (uint256 i; i < 10; ++i) {
            changed[i] = _fullTerms();
        }
        changed[0].root = OTHER_ROOT;
        changed[1].logLength += 1;
        changed[2].listingId += 1;
        changed[3].gpus += 1;
        changed[4].hoursBooked += 1;
        changed[5].maxUnitPrice += 1;
        changed[6].client = bytes20(client);
        changed[7].tracked = true;
        changed[8].team += 1;
        changed[9].expiry += 1;
        for (uint256 i; i < 10; ++i) {
            assertNotEq(router.attestationDigest(changed[i]), digest, "field change kept the digest");
        }
    }

    function test_WhenChainIdChanges() external {
        Job.Terms memory t = _fullTerms();
        bytes32 digest = router.attestationDigest(t);
        vm.chainId(block.chainid + 1);
        bytes32 forked = router.attestationDigest(t);
        assertNotEq(forked, digest, "chain id ignored");
        assertEq(forked, _offChainDigest(t), "digest after fork");
    }
}
