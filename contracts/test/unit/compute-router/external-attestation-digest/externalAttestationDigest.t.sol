// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract ExternalAttestationDigest_Unit_Test is RouterTest {
    function _fullTerms() internal view returns (Job.ExternalTerms memory t) {
        t = _externalTerms(ROOT, false);
        t.team = 7;
    }

    function test_ExternalAttestationDigest() external view {
        assertEq(router.EXTERNAL_ATTESTATION_TYPEHASH(), EXTERNAL_ATTESTATION_TYPEHASH, "typehash");
        Job.ExternalTerms memory t = _fullTerms();
        assertEq(router.externalAttestationDigest(t), _offChainDigest(t), "digest");
        t = _externalTerms(ROOT, true);
        assertEq(router.externalAttestationDigest(t), _offChainDigest(t), "digest, tracked");
    }

    function test_ExternalAttestationDigest_SignedByRouterKey() external {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signWith(routerKey, _offChainDigest(t));
        vm.prank(client);
        router.recordExternalJob(t, sig);
        _assertStatus(ROOT, Job.Status.Recorded);
    }

    function test_ExternalAttestationDigest_DiffersFromEscrowDigest() external view {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        Job.Terms memory escrow = _terms(ROOT, fixedListing, t.gpus, t.hoursBooked);
        escrow.logLength = t.logLength;
        escrow.expiry = t.expiry;
        assertNotEq(router.externalAttestationDigest(t), router.attestationDigest(escrow));
    }

    function test_WhenAnyFieldChanges() external view {
        bytes32 digest = router.externalAttestationDigest(_fullTerms());
        Job.ExternalTerms[11] memory changed;
        for (uint256 i; i < 11; ++i) {
            changed[i] = _fullTerms();
        }
        changed[0].root = OTHER_ROOT;
        changed[1].logLength += 1;
        changed[2].providerId = bytes32("runpod");
        changed[3].offerHash = keccak256("another offer");
        changed[4].gpus += 1;
        changed[5].hoursBooked += 1;
        changed[6].usdPerGpuHour += 1;
        changed[7].client = bytes20(client);
        changed[8].tracked = true;
        changed[9].team += 1;
        changed[10].expiry += 1;
        for (uint256 i; i < 11; ++i) {
            assertNotEq(router.externalAttestationDigest(changed[i]), digest, "field change kept the digest");
        }
    }
}
